"""Fills the database with the lab's deterministic data set (same seed, same rows, every time)."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from blog.models import Article, Author, Comment, Tag

WORDS = [
    "django",
    "scale",
    "query",
    "cache",
    "template",
    "index",
    "worker",
    "process",
    "latency",
    "request",
    "database",
    "python",
    "server",
    "pool",
    "connection",
    "page",
    "view",
    "model",
    "form",
    "test",
    "load",
    "queue",
    "shard",
    "replica",
]
START = datetime(2020, 1, 1, tzinfo=UTC)
BATCH = 2000
POSTED_BY = "Lab load"  # the author name the load script posts comments under


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


class Command(BaseCommand):
    help = "Create the lab's data set: authors, tags, articles (with tags) and comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=12)
        parser.add_argument("--trim", action="store_true", help="only delete posted comments")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["trim"]:
            deleted, _ = Comment.objects.filter(author_name=POSTED_BY).delete()
            self.stdout.write(f"deleted {deleted} posted comments")
            return
        n = options["articles"]
        rng = random.Random(options["seed"])
        with transaction.atomic():
            Comment.objects.all().delete()
            Article.objects.all().delete()
            Author.objects.all().delete()
            Tag.objects.all().delete()
            self._create(rng, n)
        self.stdout.write(f"seeded {n} articles")

    def _create(self, rng: random.Random, n: int) -> None:
        authors = Author.objects.bulk_create(
            Author(name=f"Author {i}", bio=_text(rng, 30)) for i in range(max(n // 20, 5))
        )
        tags = Tag.objects.bulk_create(Tag(name=f"{w}-{i}") for i, w in enumerate(WORDS * 4))
        articles = Article.objects.bulk_create(
            (
                Article(
                    title=_text(rng, 6).capitalize(),
                    body="\n\n".join(_text(rng, 60) for _ in range(4)),
                    author=rng.choice(authors),
                    published=START + timedelta(hours=i),
                )
                for i in range(n)
            ),
            batch_size=BATCH,
        )
        through = Article.tags.through
        links = [
            through(article_id=a.pk, tag_id=t.pk)
            for a in articles
            for t in rng.sample(tags, rng.randint(1, 4))
        ]
        through.objects.bulk_create(links, batch_size=BATCH * 5)
        comments = [
            Comment(article=a, author_name=f"Reader {rng.randint(1, 5000)}", body=_text(rng, 25))
            for a in articles
            for _ in range(rng.randint(0, 6))
        ]
        Comment.objects.bulk_create(comments, batch_size=BATCH * 5)
