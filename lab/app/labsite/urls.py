"""URL map of the lab's reference app: one route per measured endpoint, plus a health check."""

from blog import views
from django.urls import path
from django.views.decorators.cache import cache_page

urlpatterns = [
    path("api/articles/", views.article_json, name="json"),
    path("articles/", views.article_list, name="list"),
    path("articles/naive/", views.article_list_naive, name="naive"),
    path("articles/cached/", cache_page(30)(views.article_list), name="cached"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("comments/new/", views.comment_new, name="form"),
    path("lab/health/", views.health, name="health"),
]
