"""Writes on the subsidy catalogue: one validation and one save, used by the Django admin and the CSV import."""

import logging
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.matching import industries
from members.matching.text import search_text, tidy
from members.models import Subsidy, SubsidyIndustry, SubsidyPrefecture, User
from members.prefectures import PREFECTURES

logger = logging.getLogger(__name__)

INDUSTRY_CODES = frozenset(industries.MAJOR_LABEL) | frozenset(industries.DIVISION_LABEL)
MODEL_FIELDS = ("external_id", "title", "organiser", "summary", "is_nationwide", "amount_text", "starts_on",
                "ends_on", "url", "is_published")


@dataclass
class SubsidyValues:
    """What an operator states about one programme (typed in the admin or read from a CSV row)."""

    title: str
    organiser: str
    starts_on: date | None
    url: str
    summary: str = ""
    external_id: str = ""
    is_nationwide: bool = True
    prefectures: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    amount_text: str = ""
    ends_on: date | None = None
    is_published: bool = True

    def tidied(self) -> "SubsidyValues":
        """Text as stored (NFKC, trimmed); prefectures in JIS order and industries once each."""
        values = SubsidyValues(**{f.name: getattr(self, f.name) for f in fields(self)})
        for name in ("title", "organiser", "summary", "external_id", "amount_text", "url"):
            setattr(values, name, tidy(getattr(values, name)))
        values.prefectures = sorted(set(values.prefectures),
                                    key=lambda name: PREFECTURES.index(name) if name in PREFECTURES else 99)
        values.industries = sorted(set(values.industries))
        if values.is_nationwide:
            values.prefectures = []
        return values

    @classmethod
    def of(cls, subsidy: Subsidy) -> "SubsidyValues":
        """The values a saved programme holds (its targets from prefetched rows)."""
        return cls(**{name: getattr(subsidy, name) for name in MODEL_FIELDS},
                   prefectures=subsidy.target_prefectures, industries=subsidy.target_industry_codes)


@dataclass(frozen=True)
class ValidSubsidy:
    """A programme filled with checked values (not saved yet) and its targets."""

    subsidy: Subsidy
    prefectures: list[str]
    industries: list[str]


def subsidy_validate(values: SubsidyValues, *, subsidy: Subsidy | None = None) -> ValidSubsidy:
    """The programme filled with `values` (not saved) and its targets, or ValidationError with every problem by
    field.

    `subsidy` is the row being changed (None: a new one). Uniqueness (管理ID, 名称と実施機関) is checked against
    the database.
    """
    values = values.tidied()
    instance = subsidy if subsidy is not None else Subsidy()
    for name in MODEL_FIELDS:
        setattr(instance, name, getattr(values, name))
    if subsidy is not None and not values.external_id:
        instance.external_id = subsidy.external_id  # a row without an ID keeps the one it had
    instance.search_text = search_text(values.title, values.organiser, values.summary, values.amount_text)
    errors: dict[str, list] = {}
    try:
        instance.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not values.is_nationwide and not values.prefectures:
        errors.setdefault("prefectures", []).append(_("対象の都道府県を選んでください（全国が対象なら「全国」）。"))
    unknown = [name for name in values.prefectures if name not in PREFECTURES]
    if unknown:
        errors.setdefault("prefectures", []).append(
            _("都道府県名が正しくありません: %(names)s") % {"names": "、".join(unknown)})
    unknown = [code for code in values.industries if code not in INDUSTRY_CODES]
    if unknown:
        errors.setdefault("industries", []).append(
            _("業種コードが正しくありません: %(codes)s") % {"codes": "、".join(unknown)})
    if errors:
        raise ValidationError(errors)
    return ValidSubsidy(instance, values.prefectures, values.industries)


@transaction.atomic
def subsidy_save(*, values: SubsidyValues, subsidy: Subsidy | None = None, actor: User | None = None) -> Subsidy:
    """Create a programme, or change `subsidy`, with its target prefectures and industries."""
    valid = subsidy_validate(values, subsidy=subsidy)
    instance, prefectures, codes = valid.subsidy, valid.prefectures, valid.industries
    instance.save()
    instance.prefectures.all().delete()
    instance.industries.all().delete()
    SubsidyPrefecture.objects.bulk_create(SubsidyPrefecture(subsidy=instance, prefecture=name) for name in prefectures)
    SubsidyIndustry.objects.bulk_create(SubsidyIndustry(subsidy=instance, code=code) for code in codes)
    logger.info("subsidy %s saved by %s", instance.pk, getattr(actor, "username", "system"))
    return instance


@transaction.atomic
def subsidies_publish(*, subsidies, published: bool, actor: User | None = None) -> int:
    """Show (or hide) programmes to members; returns how many changed."""
    changed = 0
    for subsidy in subsidies:
        if subsidy.is_published != published:
            subsidy.is_published = published
            subsidy.save(update_fields=["is_published", "updated_at"])
            changed += 1
    logger.info("%s subsidies %s by %s", changed, "published" if published else "hidden",
                getattr(actor, "username", "system"))
    return changed
