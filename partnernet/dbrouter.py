"""Reads of public partner data to a replica (DATABASE_REPLICA_URL), everything else to the primary.

Only the models the directory, the profile and the partner API read are routed, and only
outside a transaction: a read inside an atomic block (a service checking what it is about
to change) sees the primary, and so does every write, migration and other model. Counts
that must be exact at once (the directory's facet memo, built right after the commit of a
badge change) are read from the primary explicitly, whatever the router says.
"""

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
REPLICA_MODELS = frozenset(
    {
        "partners.servicepartner",
        "partners.servicecategory",
        "partners.city",
        "partners.language",
        "partners.serviceoffering",
        "partners.promotion",
        "partners.review",
        "guarantees.guaranteeterms",
        "guarantees.guaranteeparameter",
    }
)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.label_lower not in REPLICA_MODELS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
