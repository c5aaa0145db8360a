"""Render: a plan's specs -> text and bytes (pages, files, print sheets). No file is read
but the templates, no process is started: the glue (sitebuild.py) decides that."""
