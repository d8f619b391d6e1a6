app_name = "arrangements"

urlpatterns: list = []
