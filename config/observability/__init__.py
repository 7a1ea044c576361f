"""Observability the AWS way, wired once for the whole project: X-Ray traces through Powertools' Tracer and
the AWS X-Ray SDK (`tracing`, `entry`, `middleware`), JSON logs through Powertools' formatter with a
correlation id and redaction (`logs`, `redaction`, `context`), and CloudWatch embedded-metric-format
metrics through Powertools' Metrics (`metrics`).

Services call the thin hooks (`tracing.span`, `tracing.annotate`, `metrics.count`, `context.correlate`);
nothing here is imported by the pure domain. Powertools and the X-Ray SDK are imported on first use only,
and only when tracing is on, so a cold start that does not trace pays nothing for them."""
