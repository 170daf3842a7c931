{{/*
The service token every component mounts (values serviceAuth): the Secret's name, and the flag,
volume and mount that hand it to a container. Each renders nothing when serviceAuth is off.
*/}}
{{- define "tsukimi.serviceAuth.secretName" -}}
{{- .Values.serviceAuth.existingSecret | default (printf "%s-service-token" (include "tsukimi.fullname" .)) -}}
{{- end }}

{{- define "tsukimi.serviceAuth.args" -}}
{{- if .Values.serviceAuth.enabled }}
- {{ printf "--service-token-file=/etc/tsukimi/service-token/%s" .Values.serviceAuth.secretKey | quote }}
{{- end }}
{{- end }}

{{- define "tsukimi.serviceAuth.volumeMounts" -}}
{{- if .Values.serviceAuth.enabled }}
- name: service-token
  mountPath: /etc/tsukimi/service-token
  readOnly: true
{{- end }}
{{- end }}

{{- define "tsukimi.serviceAuth.volumes" -}}
{{- if .Values.serviceAuth.enabled }}
- name: service-token
  secret:
    secretName: {{ include "tsukimi.serviceAuth.secretName" . }}
    items:
      - key: {{ .Values.serviceAuth.secretKey }}
        path: {{ .Values.serviceAuth.secretKey }}
{{- end }}
{{- end }}

{{/* What a ServiceMonitor endpoint or PodMonitor metrics endpoint sends to /metrics. */}}
{{- define "tsukimi.serviceAuth.scrapeAuthorization" -}}
{{- if .Values.serviceAuth.enabled }}
authorization:
  type: Bearer
  credentials:
    name: {{ include "tsukimi.serviceAuth.secretName" . }}
    key: {{ .Values.serviceAuth.scrapeSecretKey | default .Values.serviceAuth.secretKey }}
{{- end }}
{{- end }}
