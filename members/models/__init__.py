from .applications import MembershipApplication
from .consultations import (
    Consultation,
    ConsultationAttachment,
    ConsultationMessage,
    ConsultationNote,
    ConsultationReadMarker,
)
from .deals import Deal, DealAttachment, DealBankDecision, DealEvent, DealMessage, DealReadMarker
from .documents import ServiceDocument
from .identity import (
    STAFF_ROLES,
    AccountManager,
    FinancialInstitution,
    MaintenanceContact,
    MemberCompany,
    Role,
    User,
    login_id_validator,
)
from .needs import Need, NeedBookmark, NeedRegion
from .notices import Notice, NoticeCompany, NoticeInstitution, NoticeRead
from .preferences import Delivery, DigestItem, NotificationKind, NotificationPreference
from .recommendations import Recommendation
from .security import InstitutionSettings, UserSession
from .subsidies import Subsidy, SubsidyIndustry, SubsidyPrefecture
from .terms import TermsAcceptance

__all__ = [
    "STAFF_ROLES", "AccountManager", "FinancialInstitution", "MaintenanceContact", "MemberCompany", "Role",
    "ServiceDocument", "User", "login_id_validator", "Need", "NeedBookmark", "NeedRegion",
    "Recommendation", "Deal", "DealAttachment", "DealBankDecision", "DealEvent", "DealMessage", "DealReadMarker",
    "Subsidy", "SubsidyIndustry", "SubsidyPrefecture", "MembershipApplication", "TermsAcceptance",
    "Consultation", "ConsultationAttachment", "ConsultationMessage", "ConsultationNote", "ConsultationReadMarker",
    "Notice", "NoticeCompany", "NoticeInstitution", "NoticeRead",
    "Delivery", "DigestItem", "NotificationKind", "NotificationPreference",
    "InstitutionSettings", "UserSession",
]
