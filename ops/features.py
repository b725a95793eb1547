"""The parts of the service a maintenance window can stop on their own (scope "listed features").

A feature is a set of URL prefixes. New apps add their feature here, so operators can stop, say, the API
for a release while the portal keeps running.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Feature:
    code: str
    label: Promise
    prefixes: tuple[str, ...]


FEATURES: dict[str, Feature] = {feature.code: feature for feature in (
    Feature("portal", _("会員ポータル"), ("/portal/",)),
    Feature("console", _("金融機関管理画面"), ("/console/",)),
    Feature("api", _("API"), ("/api/",)),
    Feature("documents", _("サービス文書"), ("/documents/",)),
)}


def feature_choices() -> list[tuple[str, Promise]]:
    return [(feature.code, feature.label) for feature in FEATURES.values()]


def unknown_features(codes: list[str]) -> list[str]:
    return [code for code in codes if code not in FEATURES]


def feature_labels(codes: list[str]) -> list[str]:
    return [str(FEATURES[code].label) if code in FEATURES else code for code in codes]


def path_in_features(path: str, codes: tuple[str, ...] | list[str]) -> bool:
    return any(path.startswith(prefix) for code in codes if code in FEATURES for prefix in FEATURES[code].prefixes)
