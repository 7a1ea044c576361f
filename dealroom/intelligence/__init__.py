"""Deal intelligence providers: the deterministic engine (dealroom.domain.intelligence) or Amazon Bedrock
(Converse, structured output through a tool), with the engine as the fallback. Entry points:
`provider.deal_insights_generate` and `provider.deal_insights_metered`; usage and the cap in `usage`."""
