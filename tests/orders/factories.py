"""Builders for order tests: orders driven through the real services."""

from decimal import Decimal

from partnernet.users.models import SellerMembership
from partners.services.orders import order_accept, order_complete, order_request
from tests import factories as f


def partner_owner(partner):
    return f.PartnerMemberFactory(partner=partner).user


def requested_order(*, seller_user, partner, scope="List 50 products with images.", budget="12000"):
    offering = f.OfferingFactory(partner=partner)
    return order_request(
        seller_user=seller_user, partner=partner, offering=offering, scope=scope, budget=budget
    )


def accepted_order(*, seller_user, partner, member, price="10000.00"):
    order = requested_order(seller_user=seller_user, partner=partner)
    return order_accept(order=order, user=member, agreed_price=Decimal(price), scope="50 listings, 2 rounds")


def completed_order_via_services(*, seller_user, partner, member, price="10000.00"):
    order = accepted_order(seller_user=seller_user, partner=partner, member=member, price=price)
    return order_complete(order=order, user=member)


def add_seller_member(account):
    user = f.UserFactory()
    SellerMembership.objects.create(account=account, user=user, role="member")
    return user
