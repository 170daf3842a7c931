{{/*
SLO recording rules and multiwindow, multi-burn-rate alerts (fast: 1h and 5m windows at 14.4x the
error budget, paging; slow: 6h and 30m at 6x, a ticket) on three SLIs the conductor exports:
time to first token within conductor.ttftSloMs, every inter-token gap within conductor.tbtSloMs,
and goodput (requests that met both, over all requests but those refused as invalid (4xx other than 429 and 499)). The conductor makes each SLO
an exact bucket edge of its histogram, so the `le` below is a series it really exports.
*/}}
{{- define "tsukimi.sloRuleGroups" -}}
{{- $objective := .Values.metrics.prometheusRule.sloObjective -}}
{{- $ttftLe := divf .Values.conductor.ttftSloMs 1000 | toString -}}
{{- $tbtLe := divf .Values.conductor.tbtSloMs 1000 | toString -}}
{{- $budget := subf 1 $objective -}}
{{- $slis := list
  (dict "name" "ttft" "good" (printf "sum(rate(tsukimi_conductor_ttft_seconds_bucket{le=\"%s\"}[%%s]))" $ttftLe) "all" "sum(rate(tsukimi_conductor_ttft_seconds_count[%s]))" "what" "time to first token")
  (dict "name" "tbt" "good" (printf "sum(rate(tsukimi_conductor_inter_token_latency_seconds_bucket{le=\"%s\"}[%%s]))" $tbtLe) "all" "sum(rate(tsukimi_conductor_inter_token_latency_seconds_count[%s]))" "what" "time between tokens")
  (dict "name" "goodput" "good" "sum(rate(tsukimi_conductor_goodput_requests_total[%s]))" "all" "sum(rate(tsukimi_conductor_requests_total{status_code=~\"2..|429|499|5..\"}[%s]))" "what" "goodput")
-}}
- name: tsukimi.slo.recording
  rules:
{{- range $sli := $slis }}
{{- range $window := list "5m" "30m" "1h" "6h" }}
    - record: tsukimi:{{ $sli.name }}_slo_misses:ratio_rate{{ $window }}
      expr: 1 - ({{ printf $sli.good $window }} / {{ printf $sli.all $window }})
{{- end }}
{{- end }}
- name: tsukimi.slo.alerts
  rules:
{{- range $sli := $slis }}
    - alert: Tsukimi{{ title $sli.name }}BudgetBurnFast
      expr: tsukimi:{{ $sli.name }}_slo_misses:ratio_rate1h > {{ mulf 14.4 $budget }} and tsukimi:{{ $sli.name }}_slo_misses:ratio_rate5m > {{ mulf 14.4 $budget }}
      for: 2m
      labels:
        severity: page
        sli: {{ $sli.name }}
      annotations:
        summary: The {{ $sli.what }} SLO is burning its error budget 14.4 times too fast
    - alert: Tsukimi{{ title $sli.name }}BudgetBurnSlow
      expr: tsukimi:{{ $sli.name }}_slo_misses:ratio_rate6h > {{ mulf 6 $budget }} and tsukimi:{{ $sli.name }}_slo_misses:ratio_rate30m > {{ mulf 6 $budget }}
      for: 15m
      labels:
        severity: ticket
        sli: {{ $sli.name }}
      annotations:
        summary: The {{ $sli.what }} SLO is burning its error budget 6 times too fast
{{- end }}
{{- end -}}
