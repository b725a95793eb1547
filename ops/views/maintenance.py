"""Operations pages for maintenance windows (thin views over ops.services.maintenance)."""

urlpatterns: list = []
