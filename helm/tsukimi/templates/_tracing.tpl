{{/*
OpenTelemetry tracing flags for every workload (conductor, prefill, decode, kvpool master and
nodes): none unless tracing.otlpEndpoint is set, so tracing stays off by default.
*/}}
{{- define "tsukimi.tracing.args" -}}
{{- with .Values.tracing }}
{{- if .otlpEndpoint }}
- {{ printf "--otlp-endpoint=%s" .otlpEndpoint | quote }}
- {{ printf "--trace-sample-ratio=%v" .sampleRatio | quote }}
{{- end }}
{{- end }}
{{- end }}
