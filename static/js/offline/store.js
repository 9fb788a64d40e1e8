// The phone's storage of the offline posyandu day (docs/offline.md "What is stored where"): one IndexedDB database per
// user, so another user of the same phone never sees it. Stores:
//   registers  the prepared register of a posyandu (key: posyandu id), as the server sent it
//   outbox     records made on the phone (key: client_uuid) until the server has answered "saved";
//              a refused record stays, with the server's message, until it is fixed or discarded
//   results    the server's stored result of each sent record (key: client_uuid)
//   meta       small values: last sync time, the open day of each posyandu and date
import { openDB } from "../../vendor/idb/idb.js";
import { databaseName } from "./keys.js";

const VERSION = 1;

export async function openStore(userId) {
  const db = await openDB(databaseName(userId), VERSION, {
    upgrade(db) {
      db.createObjectStore("registers", { keyPath: "posyandu.id" });
      const outbox = db.createObjectStore("outbox", { keyPath: "client_uuid" });
      outbox.createIndex("status", "status");
      db.createObjectStore("results", { keyPath: "client_uuid" });
      db.createObjectStore("meta");
    },
  });
  return new Store(db);
}

export class Store {
  constructor(db) {
    this.db = db;
  }

  register(posyanduId) {
    return this.db.get("registers", posyanduId);
  }

  registers() {
    return this.db.getAll("registers");
  }

  saveRegister(doc) {
    return this.db.put("registers", doc);
  }

  // A new record: kind "open_day", "register_person" or "record_visit" (the sync endpoint's kinds), its data,
  // and what the phone showed (the offline result), kept to compare with the server's.
  // Records are sent in the order they were made (a visit after the registration and the day it names): `seq`
  // counts them, as two records can carry the same clock time.
  async add(kind, data, shown, label) {
    const tx = this.db.transaction(["outbox", "meta"], "readwrite");
    const seq = ((await tx.objectStore("meta").get("seq")) || 0) + 1;
    const record = {
      client_uuid: crypto.randomUUID(),
      seq: seq,
      kind: kind,
      label: label || "",
      data: data,
      shown: shown || null,
      status: "waiting",
      created_at: new Date().toISOString(),
      message: "",
      errors: {},
    };
    await tx.objectStore("meta").put(seq, "seq");
    await tx.objectStore("outbox").put(record);
    await tx.done;
    return record;
  }

  put(record) {
    return this.db.put("outbox", record);
  }

  record(clientUuid) {
    return this.db.get("outbox", clientUuid);
  }

  async outbox() {
    const all = await this.db.getAll("outbox");
    return all.sort((a, b) => a.seq - b.seq);
  }

  async counts() {
    const all = await this.db.getAll("outbox");
    return {
      waiting: all.filter((r) => r.status === "waiting").length,
      refused: all.filter((r) => r.status === "refused").length,
    };
  }

  discard(clientUuid) {
    return this.db.delete("outbox", clientUuid);
  }

  // The server's answer "saved": the record leaves the outbox and its stored result is kept, in one
  // transaction, so a record is never both sent and waiting.
  async settle(clientUuid, answer) {
    const tx = this.db.transaction(["outbox", "results"], "readwrite");
    const record = await tx.objectStore("outbox").get(clientUuid);
    await tx.objectStore("results").put({
      client_uuid: clientUuid,
      kind: record ? record.kind : "",
      label: record ? record.label : "",
      data: record ? record.data : null,
      shown: record ? record.shown : null,
      id: answer.id,
      result: answer.result || null,
      saved_at: new Date().toISOString(),
    });
    await tx.objectStore("outbox").delete(clientUuid);
    await tx.done;
  }

  async refuse(clientUuid, answer) {
    const record = await this.db.get("outbox", clientUuid);
    if (!record) return;
    record.status = "refused";
    record.message = answer.message || "";
    record.errors = answer.errors || {};
    record.refused = answer;
    await this.db.put("outbox", record);
  }

  result(clientUuid) {
    return this.db.get("results", clientUuid);
  }

  results() {
    return this.db.getAll("results");
  }

  meta(key) {
    return this.db.get("meta", key);
  }

  setMeta(key, value) {
    return this.db.put("meta", value, key);
  }
}
