"""POST /stripe/webhook/ and /stripe/connect/webhook/: thin transport over payments.webhooks."""
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from commerce.payments.webhooks import webhook_receive


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    receipt = webhook_receive(payload=request.body, signature=request.headers.get("Stripe-Signature"),
                              remote_addr=request.META.get("REMOTE_ADDR"))
    return JsonResponse(receipt.body, status=receipt.status)


@csrf_exempt
@require_POST
def stripe_connect_webhook(request: HttpRequest) -> JsonResponse:
    """POST /stripe/connect/webhook/: Connect events (vendors' accounts), with the Connect endpoint's secret."""
    receipt = webhook_receive(payload=request.body, signature=request.headers.get("Stripe-Signature"),
                              remote_addr=request.META.get("REMOTE_ADDR"), connect=True)
    return JsonResponse(receipt.body, status=receipt.status)
