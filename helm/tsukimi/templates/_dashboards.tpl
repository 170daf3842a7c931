{{/*
One dashboard file as the ConfigMap ships it: the SLO overview's `ttft_slo` and `tbt_slo`
variables default to conductor.ttftSloMs and tbtSloMs in seconds, written as the conductor's
histograms write those edges in their `le` label (2000 ms: "2", 1500 ms: "1.5"). A dashboard
without those variables ships byte for byte as committed.
*/}}
{{- define "tsukimi.dashboardJson" -}}
{{- $text := .root.Files.Get .path -}}
{{- $dashboard := $text | fromJson -}}
{{- $slos := dict
  "ttft_slo" (divf .root.Values.conductor.ttftSloMs 1000 | toString)
  "tbt_slo" (divf .root.Values.conductor.tbtSloMs 1000 | toString)
-}}
{{- $set := false -}}
{{- range $variable := ($dashboard.templating | default dict).list | default list }}
{{- if hasKey $slos $variable.name }}
{{- $_ := set $variable "query" (get $slos $variable.name) }}
{{- $set = true }}
{{- end }}
{{- end }}
{{- if $set }}{{ toPrettyJson $dashboard }}{{ else }}{{ $text }}{{ end }}
{{- end }}
