from django.urls import path

from dealroom.ops import insight_views, privacy, views

app_name = "ops_deals"

urlpatterns = [
    path("deals/", views.deal_list, name="deals"),
    path("deals/board/", views.deal_board, name="board"),
    path("deals/new/", views.deal_new, name="deal_new"),
    path("deals/<str:deal_id>/", views.deal_detail, name="deal"),
    path("deals/<str:deal_id>/invitations/", views.deal_invite, name="deal_invite"),
    path("deals/<str:deal_id>/members/role/", views.deal_member_role, name="deal_member_role"),
    path("deals/<str:deal_id>/insights/", insight_views.deal_insights, name="deal_insights"),
    path("deals/<str:deal_id>/drafts/", insight_views.deal_draft, name="deal_draft"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("privacy/export/", privacy.privacy_export, name="privacy_export"),
    path("privacy/erase/", privacy.privacy_erase, name="privacy_erase"),
    path("privacy/requests/<str:request_id>/", privacy.privacy_request, name="privacy_request"),
    path("privacy/requests/<str:request_id>/resume/", privacy.privacy_resume, name="privacy_resume"),
]
