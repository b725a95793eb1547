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
from .recommendations import Recommendation
from .security import InstitutionSettings, UserSession

__all__ = [
    "STAFF_ROLES", "AccountManager", "FinancialInstitution", "MaintenanceContact", "MemberCompany", "Role",
    "ServiceDocument", "User", "login_id_validator", "Need", "NeedBookmark", "NeedRegion",
    "Recommendation", "Deal", "DealAttachment", "DealBankDecision", "DealEvent", "DealMessage", "DealReadMarker",
    "InstitutionSettings", "UserSession",
]
