from django.urls import path

from campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("baru/", views.campaign_create, name="create"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/templat/", views.template_download, name="template"),
    path("<int:campaign_id>/unggah/", views.upload, name="upload"),
    path("impor/<int:job_id>/", views.job_detail, name="job"),
    path("impor/<int:job_id>/kesalahan/", views.job_errors, name="job_errors"),
    path("impor/<int:job_id>/mulai/", views.job_start, name="job_start"),
    path("impor/<int:job_id>/batal/", views.job_cancel, name="job_cancel"),
]
