"""Doing the handling of incoming documents: each step in one transaction, then the listeners.

The rules are service.workflow's (pure); the rows are service.store.handling's. The pages
(service.web.handling) and the command line (service.cli.workflow) call `actions`; the daily
e-mail digest is `digest`. Other areas hear of every committed step through `hooks`.
"""
