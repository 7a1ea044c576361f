"""The provider's settings, read once from Django's settings into a plain value."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from dealroom.intelligence.usage import Budget, Prices, micro_usd

PROVIDERS = ("engine", "bedrock")


@dataclass(frozen=True)
class ProviderConfig:
    provider: str = "engine"  # QUORUM_AI_PROVIDER
    model_id: str = "anthropic.claude-3-haiku-20240307-v1:0"
    region: str = "us-east-1"
    endpoint_url: Optional[str] = None  # the devstack stand-in locally; None on AWS
    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    max_output_tokens: int = 1500
    include_internal_notes: bool = False
    prices: Prices = Prices(input_per_mtok=250_000, output_per_mtok=1_250_000)
    budget: Budget = Budget(cost_per_deal_per_day=50_000, tokens_per_deal_per_day=60_000)
    local: bool = False  # sign with the devstack's dummy keys when the environment has none

    def __post_init__(self) -> None:
        if self.provider not in PROVIDERS:
            raise ValueError(f"QUORUM_AI_PROVIDER must be one of {', '.join(PROVIDERS)}, not {self.provider!r}")


def provider_config(source: Optional[Any] = None) -> ProviderConfig:
    """From `source` (an object with the settings as attributes), Django's settings by default."""
    if source is None:
        from django.conf import settings as django_settings

        source = django_settings
    settings: Any = source
    return ProviderConfig(
        provider=settings.QUORUM_AI_PROVIDER,
        model_id=settings.BEDROCK_MODEL_ID,
        region=settings.BEDROCK_REGION,
        endpoint_url=settings.BEDROCK_ENDPOINT_URL or None,
        connect_timeout=settings.BEDROCK_CONNECT_TIMEOUT_SECONDS,
        read_timeout=settings.BEDROCK_READ_TIMEOUT_SECONDS,
        max_output_tokens=settings.BEDROCK_MAX_OUTPUT_TOKENS,
        include_internal_notes=settings.QUORUM_AI_INCLUDE_INTERNAL_NOTES,
        prices=Prices(input_per_mtok=micro_usd(settings.BEDROCK_INPUT_USD_PER_MTOK),
                      output_per_mtok=micro_usd(settings.BEDROCK_OUTPUT_USD_PER_MTOK)),
        budget=Budget(cost_per_deal_per_day=micro_usd(settings.QUORUM_AI_DAILY_BUDGET_USD_PER_DEAL),
                      tokens_per_deal_per_day=settings.QUORUM_AI_DAILY_TOKENS_PER_DEAL),
        local=not settings.PRODUCTION and bool(settings.BEDROCK_ENDPOINT_URL),
    )
