"""The comment form: the lab's write endpoint validates and saves it (one row per POST)."""

from django import forms

from blog.models import Comment


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ("article", "author_name", "body")
