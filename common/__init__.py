"""Helpers every app may use: form helpers and validators. The bottom of the house, below `mail`.

It imports Django and nothing of ours, so any app can use it without importing an app beside or above
it, or the project package `leernetwerk` on top (see README.md, "How it is built").
"""
