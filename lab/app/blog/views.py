"""The endpoints a typical Django app has, each measured by the lab (see lab/README.md)."""

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from blog.forms import CommentForm
from blog.models import Article, Comment

PAGE = 25


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _latest() -> QuerySet[Article]:
    return Article.objects.order_by("-published")


@require_GET
def article_json(request: HttpRequest) -> JsonResponse:
    """Latest articles as JSON: 2 queries (articles with authors, then their tags)."""
    articles = _latest().select_related("author").prefetch_related("tags")[:PAGE]
    data = [
        {
            "id": a.pk,
            "title": a.title,
            "author": a.author.name,
            "published": a.published.isoformat(),
            "tags": [t.name for t in a.tags.all()],
        }
        for a in articles
    ]
    return JsonResponse({"articles": data})


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """Latest articles as HTML: 3 queries (articles+authors, tags, comment counts)."""
    articles = list(_latest().select_related("author").prefetch_related("tags")[:PAGE])
    counts = dict(
        Comment.objects.filter(article__in=[a.pk for a in articles])
        .values_list("article")
        .annotate(n=Count("id"))
        .values_list("article", "n")
    )
    rows = [{"article": a, "tags": a.tags.all(), "comments": counts.get(a.pk, 0)} for a in articles]
    return render(request, "blog/list.html", {"rows": rows, "kind": "optimised"})


@require_GET
def article_list_naive(request: HttpRequest) -> HttpResponse:
    """The same page written naively: 1 + 3 queries per article (the N+1 pattern)."""
    rows = [
        {"article": a, "tags": a.tags.all(), "comments": a.comment_set.count()}
        for a in _latest()[:PAGE]
    ]
    return render(request, "blog/list.html", {"rows": rows, "kind": "naive"})


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One article with its author, tags and latest comments: 3 queries."""
    article = get_object_or_404(Article.objects.select_related("author"), pk=pk)
    context: dict[str, Any] = {
        "article": article,
        "tags": list(article.tags.all()),
        "comments": list(article.comment_set.order_by("-created", "-id")[:20]),
    }
    return render(request, "blog/detail.html", context)


def comment_new(request: HttpRequest) -> HttpResponse:
    """GET shows the form (with its CSRF token); POST validates it, writes a row, redirects."""
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            comment = form.save()
            return redirect("detail", pk=comment.article_id, permanent=False)
        return render(request, "blog/form.html", {"form": form}, status=400)
    return render(request, "blog/form.html", {"form": CommentForm()})
