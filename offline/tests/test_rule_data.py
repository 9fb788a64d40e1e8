"""/offline/aturan.json: the rules the phone's evaluator reads are the Python rule sets in force, number for
number (generated from them, never copied), with the texts in the user's language."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from django.test import Client

from growth import categories, weight_gain
from rules import assessment, ilp, screening

pytestmark = pytest.mark.django_db

URL = "/offline/aturan.json"


def rules_of(user: Any, language: str = "") -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data: dict[str, Any] = response.json()
    return data


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def test_the_rules_are_the_python_rule_sets(world: Any) -> None:
    data = rules_of(world.users["kader_a"])
    assert data["rule_version"] == "ilp-2024.1+pmk2-2020+kbm-2010"
    assert data["rule_version"] == assessment.rule_version(screening.DEFAULT_RULES)
    assert data["language"] == "id"
    assert data["screening"] == as_json(dataclasses.asdict(screening.DEFAULT_RULES))
    assert data["screening"]["version"] == "ilp-2024.1"
    assert data["screening"]["kek_muac_cm"] == 23.5
    assert data["screening"]["hypertension_mmhg"] == [140, 90]
    assert data["screening"]["plausible"]["weight_kg"] == [0.5, 150.0]
    assert data["screening"]["waist_central_cm"] == {"L": 90.0, "P": 80.0}
    assert data["weight_gain"] == {
        "version": "kbm-2010",
        "kbm": [[0, 1, 800], [2, 2, 900], [3, 3, 800], [4, 4, 600], [5, 5, 500], [6, 7, 400], [8, 11, 300],
                [12, 60, 200]],
        "kms_last_month": 60,
        "bgm_below_z": -3.0,
    }  # fmt: skip
    assert data["weight_gain"]["kbm"] == as_json(weight_gain.KBM_TABLE)
    assert data["categories"]["version"] == "pmk2-2020"
    assert data["categories"]["bands"]["wfa"] == [
        ["severely_underweight", -301],
        ["underweight", -201],
        ["normal", 100],
        ["risk_overweight", None],
    ]
    for index, bands in categories.RULES.items():
        assert data["categories"]["bands"][index] == [[band.code, band.upper] for band in bands]
    assert data["categories"]["labels"] == categories.LABELS
    assert data["categories"]["referred"] == [
        ["lhfa", "severely_stunted"],
        ["lhfa", "stunted"],
        ["wflh", "obese"],
        ["wflh", "severely_wasted"],
        ["wflh", "wasted"],
    ]
    assert data["categories"]["index_names"]["lhfa"] == "PB/U atau TB/U"
    assert set(data["findings"]) == set(screening.FINDINGS)
    assert data["findings"]["gain_2t"] == {
        "label": "Tidak naik 2 kali berturut-turut (2T)",
        "refer": True,
        "level": "danger",
    }
    assert data["findings"]["bmi_normal"] == {"label": "Normal", "refer": False, "level": "info"}
    assert data["adult_bmi_bands"][2] == ["normal", "bmi_normal_max", True]
    assert data["anaemia"] == {
        "age_bands": [[6, None], [60, "hb_child_6_59m"], [144, "hb_child_5_11y"], [180, "hb_child_12_14y"]],
        "from_15_years": {"P": "hb_female_15", "L": "hb_male_15"},
    }
    assert data["plausibility"] == {"waz_flag": [-6.0, 5.0], "statuses": ["accept", "hold", "refuse"]}
    assert data["ages"] == {
        "child_standard_max_days": 1856,
        "child_standard_months": 60,
        "reference_max_months": 216,
        "kek_women_years": [15, 49],
        "adult_from_years": 18,
        "child_muac_months": [6, 60],
    }
    assert [(s["stage"], s["from_months"], s["beyond_months"]) for s in data["life_stages"]] == [
        ("bayi", 0, 12),
        ("balita", 12, 60),
        ("apras", 60, 72),
        ("usia_sekolah", 72, 120),
        ("remaja", 120, 216),
        ("dewasa", 216, 720),
        ("lansia", 720, None),
    ]
    assert data["life_stages"][0]["label"] == "Bayi"
    stations = data["ilp"]["stations"]
    assert [s["title"] for s in stations] == [
        "Pendaftaran",
        "Penimbangan dan pengukuran",
        "Pencatatan hasil",
        "Pelayanan kesehatan",
        "Penyuluhan dan konseling",
    ]
    assert stations[1]["fields"]["ibu_hamil"] == ["weight_kg", "muac_cm"]
    for group in ilp.SERVICES:
        fields = [field for station in stations for field in station["fields"].get(group, [])]
        assert fields == ilp.fields_for(group)
    assert data["ilp"]["group_of_stage"]["apras"] == "usia_sekolah"
    assert data["ilp"]["services"]["anak"] == [
        "vit_a_blue", "vit_a_red", "deworming", "ors", "zinc", "pmt", "counselling",
    ]  # fmt: skip
    assert data["ilp"]["service_age_months"] == {
        "vit_a_blue": [6, 12],
        "vit_a_red": [12, 60],
        "deworming": [12, None],
    }
    assert data["ilp"]["vitamin_a_months"] == [2, 8]
    # Indonesian is the language of the message ids: every text is its id.
    assert data["messages"]["Anemia"] == "Anemia"
    assert all(text == message_id for message_id, text in data["messages"].items())
    assert ["BB/U", "BB/U"] in data["detail_names"]


def test_every_label_a_finding_can_carry_has_its_text(world: Any) -> None:
    data = rules_of(world.users["kader_a"])
    labels = {kind["label"] for kind in data["findings"].values()}
    labels |= {label for by_code in data["categories"]["labels"].values() for label in by_code.values()}
    labels |= set(data["categories"]["index_names"].values()) | set(data["skilas_domains"].values())
    assert labels == set(data["messages"])
    assert len(data["messages"]) == 49  # the same text once ("Normal", "Obesitas", "Gizi buruk", ...)


def test_texts_follow_the_users_language_and_numbers_do_not(world: Any) -> None:
    indonesian = rules_of(world.users["kader_a"])
    english = rules_of(world.users["kader_a"], "en")
    assert english["language"] == "en"
    assert english["messages"]["Anemia"] == "Anaemia"
    assert english["messages"]["Perlu dicek ulang: hasil ukur tidak wajar menurut WHO"] == (
        "Recheck needed: implausible measurement according to WHO"
    )
    # A PMK 2/2020 label takes the regulation's English term where the catalogue has none (finding_label).
    assert english["messages"]["Berat badan sangat kurang"] == "Severely underweight"
    assert english["ilp"]["stations"][0]["title"] == "Registration"
    assert english["life_stages"][0]["label"] == "Infant"
    assert ["BB/U", "Weight-for-age"] in english["detail_names"]
    # The labels findings carry stay the Indonesian message ids, as the server stores them.
    assert english["findings"] == indonesian["findings"]
    for key in ("rule_version", "screening", "categories", "weight_gain", "plausibility", "ages", "anaemia"):
        assert english[key] == indonesian[key], key


def test_the_rule_set_in_force_is_served(world: Any, settings: Any) -> None:
    settings.SCREENING_RULES = {"version": "ilp-bontang-2026", "kek_muac_cm": 23.0}
    data = rules_of(world.users["kader_a"])
    assert data["screening"]["version"] == "ilp-bontang-2026"
    assert data["screening"]["kek_muac_cm"] == 23.0
    assert data["rule_version"] == "ilp-bontang-2026+pmk2-2020+kbm-2010"


def test_a_login_is_needed_and_nothing_but_get(world: Any) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"] == f"/masuk/?next={URL}"
    client = Client()
    client.force_login(world.users["kader_a"])
    assert client.post(URL).status_code == 405
