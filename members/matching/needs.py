"""Writes on needs (ニーズ) and bookmarks. A need is changed only by the members of the company that posted it."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Need, NeedBookmark, NeedRegion, Role, User

from . import industries
from .analysis import terms
from .recommendation_services import recommendations_refresh_soon
from .regions import JIS_ORDER
from .search import index_row
from .text import tidy

NEED_FIELDS = ("kind", "title", "body", "industry", "is_nationwide", "budget_min", "budget_max", "deadline")


def index_need(need: Need, prefectures: list[str]) -> None:
    regions = " ".join(prefectures) if not need.is_nationwide else _("全国")
    index_row(Need, need.pk, title=need.title, main=need.body,
              rest="\n".join([need.company.name, industries.label_of(need.industry), regions]),
              match_terms=terms("\n".join([need.title, need.title, need.body])))


def budget_range_error(low: int | None, high: int | None) -> str:
    if low is not None and high is not None and low > high:
        return _("予算の上限は下限以上にしてください。")
    return ""


def _check_editor(need: Need, actor: User) -> None:
    if actor.role != Role.MEMBER or actor.company_id != need.company_id:
        raise PermissionDenied(_("このニーズを変更する権限がありません。"))


def _apply(need: Need, values: dict, prefectures: list[str]) -> list[str]:
    for field in NEED_FIELDS:
        if field in values:
            value = values[field]
            setattr(need, field, tidy(value) if field in ("title", "body") else value)
    prefectures = sorted(set(prefectures or []), key=lambda name: JIS_ORDER.get(name, 99))
    errors = {}
    unknown = [name for name in prefectures if name not in JIS_ORDER]
    if unknown:
        errors["prefectures"] = _("都道府県を一覧から選んでください。")
    elif not need.is_nationwide and not prefectures:
        errors["prefectures"] = _("対象の都道府県を選ぶか、「全国が対象」にしてください。")
    budget_error = budget_range_error(need.budget_min, need.budget_max)
    if budget_error:
        errors["budget_max"] = budget_error
    if errors:
        raise ValidationError(errors)
    need.full_clean(exclude=["company", "author"])
    return [] if need.is_nationwide else prefectures


def _check_deadline(deadline: date | None) -> None:
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("募集期限に過去の日付は指定できません。")})


def _save_regions(need: Need, prefectures: list[str]) -> None:
    regions = NeedRegion.objects.unscoped("the regions of a need its editor is saving").filter(need=need)
    regions.exclude(prefecture__in=prefectures).delete()
    existing = set(regions.values_list("prefecture", flat=True))
    NeedRegion.objects.bulk_create([NeedRegion(need=need, prefecture=name)
                                    for name in prefectures if name not in existing])


@transaction.atomic
def need_create(*, actor: User, values: dict, prefectures: list[str] | None = None) -> Need:
    """Post a need for the actor's company; it is open at once (if the company is published, to every bank)."""
    if actor.role != Role.MEMBER or not actor.company_id:
        raise PermissionDenied(_("ニーズを投稿できるのは会員企業のユーザーです。"))
    need = Need(company=actor.company, author=actor)
    prefectures = _apply(need, values, prefectures or [])
    _check_deadline(need.deadline)
    need.save()
    _save_regions(need, prefectures)
    index_need(need, prefectures)
    recommendations_refresh_soon(company_id=need.company_id)
    return need


@transaction.atomic
def need_update(*, need: Need, actor: User, values: dict, prefectures: list[str] | None = None) -> Need:
    _check_editor(need, actor)
    need = Need.objects.editable_by(actor).select_for_update().select_related("company").get(pk=need.pk)
    previous_deadline = need.deadline
    prefectures = _apply(need, values, prefectures or [])
    if need.deadline != previous_deadline:
        _check_deadline(need.deadline)
    need.save()
    _save_regions(need, prefectures)
    index_need(need, prefectures)
    recommendations_refresh_soon(company_id=need.company_id)
    return need


@transaction.atomic
def need_close(*, need: Need, actor: User) -> Need:
    _check_editor(need, actor)
    need = Need.objects.editable_by(actor).select_for_update().get(pk=need.pk)
    if need.status != Need.Status.OPEN:
        raise ValidationError(_("このニーズは既に募集を終了しています。"))
    need.status, need.closed_at = Need.Status.CLOSED, timezone.now()
    need.save(update_fields=["status", "closed_at", "updated_at"])
    recommendations_refresh_soon(company_id=need.company_id)
    return need


@transaction.atomic
def need_reopen(*, need: Need, actor: User, deadline: date | None) -> Need:
    """Open a closed or expired need again, with a new deadline (none, or today or later)."""
    _check_editor(need, actor)
    need = Need.objects.editable_by(actor).select_for_update().get(pk=need.pk)
    if need.is_open:
        raise ValidationError(_("このニーズは募集中です。"))
    _check_deadline(deadline)
    need.deadline = deadline
    need.status, need.closed_at = Need.Status.OPEN, None
    need.save(update_fields=["status", "closed_at", "deadline", "updated_at"])
    recommendations_refresh_soon(company_id=need.company_id)
    return need


@transaction.atomic
def needs_expire_past_deadline(*, today: date | None = None) -> int:
    """Mark open needs whose deadline has passed as expired (beat runs it; reads already treat them so)."""
    today = today or timezone.localdate()
    return Need.objects.unscoped("the expiry job runs over every FI").filter(
        status=Need.Status.OPEN, deadline__lt=today).update(
        status=Need.Status.EXPIRED, updated_at=timezone.now())


@transaction.atomic
def need_bookmark_set(*, need: Need, user: User, bookmarked: bool) -> bool:
    """気になる on or off for one user; the need must be one the user may see (the view checks)."""
    if bookmarked:
        try:
            with transaction.atomic():
                NeedBookmark.objects.visible_to(user).get_or_create(need=need, user=user)
        except IntegrityError:  # a double click raced us: the bookmark exists, which is what was asked
            pass
    else:
        NeedBookmark.objects.visible_to(user).filter(need=need).delete()
    return bookmarked


def needs_reindex_all(*, batch_size: int = 500) -> int:
    """Rewrite the search columns and words of every need (after a change of the tokeniser, or after moving
    the data to PostgreSQL); returns how many."""
    needs = Need.objects.unscoped("reindexing every need").select_related("company").order_by("pk")
    regions = NeedRegion.objects.unscoped("reindexing every need")
    done, after = 0, 0
    while batch := list(needs.filter(pk__gt=after)[:batch_size]):
        names: dict[int, list[str]] = {}
        for need_id, prefecture in regions.filter(need__in=[n.pk for n in batch]).values_list("need_id", "prefecture"):
            names.setdefault(need_id, []).append(prefecture)
        for need in batch:
            index_need(need, names.get(need.pk, []))
        done, after = done + len(batch), batch[-1].pk
    return done
