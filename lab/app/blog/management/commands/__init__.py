"""The `seed` command that makes the lab's data set."""
