"""Operations pages for incidents, monitoring and the status page (thin views over ops services)."""

urlpatterns: list = []
