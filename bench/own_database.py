"""A database of its own for one part of `make bench`, on the server of DATABASE_URL, so that what one part
loads (the demo, the national dataset) is no part of another's figures.

    python bench/own_database.py SUFFIX     makes <name>_<SUFFIX> afresh and prints its URL (bench/run)
"""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg2


def _on_server(url, statements):
    admin = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    finally:
        admin.close()


def _name(url):
    return urlsplit(url).path.lstrip("/")


def fresh(base_url, suffix):
    """Drop and create the database <name of base_url>_<suffix>; return its URL."""
    name = f"{_name(base_url)}_{suffix}"
    _on_server(base_url, [f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'])
    return urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


def drop(url):
    """Drop the database of `url` (its connections closed first)."""
    _on_server(url, [f'DROP DATABASE IF EXISTS "{_name(url)}"'])


if __name__ == "__main__":
    print(fresh(os.environ["DATABASE_URL"], sys.argv[1]))
