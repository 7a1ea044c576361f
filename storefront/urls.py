from django.urls import path

from storefront import views

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("products/", views.catalog, name="catalog"),
    path("products/<str:sku>/", views.product, name="product"),
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/checkout/", views.cart_checkout, name="cart_checkout"),
    path("orders/<str:order_id>/", views.order, name="order"),
]
