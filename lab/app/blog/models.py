"""The lab's data model: authors write articles with tags; readers leave comments."""

from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    bio = models.TextField()

    def __str__(self) -> str:
        return str(self.name)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    def __str__(self) -> str:
        return str(self.name)


class Article(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag, related_name="articles")
    published = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return str(self.title)


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author_name = models.CharField(max_length=100)
    body = models.TextField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.author_name} on {self.article_id}"
