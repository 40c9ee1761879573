"""`python -m bundler`: the `bundler` command, for child processes started with this interpreter."""
from .cli import main

main()
