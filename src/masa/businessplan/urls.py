app_name = "businessplan"

urlpatterns: list = []
