"""The company profile for matching: what a member company presents, what others may see, its homepage.

`CompanyProfile` is the abstract base of `MemberCompany` (identity.py), so the profile lives in the same row.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.matching.fields import TokenVectorField, TokenVectorIndex
from members.matching.validators import validate_corporate_number, validate_homepage_slug

PROFILE_TEXT_MAX = 2000
# Written by the indexer, read only by search and recommendations (through `values()`): pages that load
# companies or needs leave them out (`defer`), they are the widest columns of the row.
SEARCH_COLUMNS = ("search_text", "search_vector", "match_terms")


def _profile_text(label):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(PROFILE_TEXT_MAX)])


class CompanyProfileQueries:
    """Queries of the profile, mixed into MemberCompanyQuerySet (members/tenancy.py)."""

    def with_public_homepage(self):
        """Companies whose homepage is open to the internet: the company opted in (platform-wide path)."""
        return self.published_for_matching().filter(homepage_enabled=True, homepage_slug__isnull=False)


class CompanyProfile(models.Model):
    products = _profile_text(_("製品・サービス"))
    strengths = _profile_text(_("強み"))
    partners_wanted = _profile_text(_("求めるパートナー"))
    website = models.URLField(_("ウェブサイト"), blank=True, max_length=200)
    logo = models.ImageField(_("ロゴ"), upload_to="logos/", blank=True, editable=False)
    corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True,
                                        validators=[validate_corporate_number])
    capital = models.PositiveBigIntegerField(_("資本金（万円）"), null=True, blank=True)
    contact_person = models.CharField(_("担当者"), max_length=60, blank=True)
    contact_phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    show_contact_person = models.BooleanField(_("担当者名を他行の会員に表示する"), default=False)
    show_contact_phone = models.BooleanField(_("電話番号を他行の会員に表示する"), default=False)
    show_contact_email = models.BooleanField(_("メールアドレスを他行の会員に表示する"), default=False)
    homepage_enabled = models.BooleanField(_("ホームページをインターネットに公開する"), default=False)
    homepage_slug = models.CharField(_("ホームページのアドレス"), max_length=40, unique=True, null=True, blank=True,
                                     validators=[validate_homepage_slug],
                                     error_messages={"unique": _("このアドレスは既に使われています。")})
    profile_updated_at = models.DateTimeField(_("プロフィール更新日時"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = TokenVectorField()
    match_terms = models.JSONField(editable=False, blank=True, default=dict)  # for recommendations
    recommendations_requested_at = models.DateTimeField(_("おすすめ更新の依頼日時"), null=True, blank=True,
                                                        editable=False)
    recommendations_computed_at = models.DateTimeField(_("おすすめの計算日時"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        indexes = [TokenVectorIndex(fields=["search_vector"], name="company_search_gin", fastupdate=False)]
