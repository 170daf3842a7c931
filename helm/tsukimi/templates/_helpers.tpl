{{/* The chart's name, overridable. */}}
{{- define "tsukimi.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name every object starts with; room is left for "-kvpool-master". */}}
{{- define "tsukimi.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else if contains (include "tsukimi.name" .) .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "tsukimi.name" .) | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "tsukimi.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "tsukimi.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component: dict "root" $ "component" "prefill". */}}
{{- define "tsukimi.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tsukimi.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tsukimi.componentLabels" -}}
{{ include "tsukimi.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The same selector as one "k=v,k=v" string, the form the conductor's discovery flags take. */}}
{{- define "tsukimi.selectorString" -}}
{{- printf "app.kubernetes.io/name=%s,app.kubernetes.io/instance=%s,app.kubernetes.io/component=%s" (include "tsukimi.name" .root) .root.Release.Name .component }}
{{- end }}

{{- define "tsukimi.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "tsukimi.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ include "tsukimi.fullname" . }}{{ else }}default{{ end }}
{{- end }}

{{- define "tsukimi.conductorServiceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ include "tsukimi.fullname" . }}-conductor{{ else }}default{{ end }}
{{- end }}

{{/* The headless Service that gives each kvpool master a stable DNS name. */}}
{{- define "tsukimi.kvpoolMastersService" -}}
{{- printf "%s-kvpool-masters" (include "tsukimi.fullname" .) }}
{{- end }}

{{/*
Every kvpool master's stable address, comma separated (master-0 first): the form --kvpool-address
and --master-address take, whose clients find the leader among them and fail over by themselves.
*/}}
{{- define "tsukimi.kvpoolMasterAddress" -}}
{{- $fullname := include "tsukimi.fullname" . }}
{{- $addresses := list }}
{{- range $i := until (int .Values.kvpool.master.replicas) }}
{{- $addresses = append $addresses (printf "%s-kvpool-master-%d.%s:%d" $fullname $i (include "tsukimi.kvpoolMastersService" $) (int $.Values.kvpool.grpcPort)) }}
{{- end }}
{{- join "," $addresses }}
{{- end }}

{{- define "tsukimi.redisUrl" -}}
{{- if .Values.redis.external.url }}
{{- .Values.redis.external.url }}
{{- else }}
{{- printf "redis://%s-redis:%d/0" (include "tsukimi.fullname" .) (int .Values.redis.bundled.port) }}
{{- end }}
{{- end }}

{{/*
Grace period after SIGTERM: the service's own --shutdown-timeout-ms, rounded up to seconds, plus
5 s for the process to close its servers and exit before the kubelet kills it.
*/}}
{{- define "tsukimi.terminationGracePeriodSeconds" -}}
{{- add (div (add (int .) 999) 1000) 5 }}
{{- end }}

{{/* The command that starts one service, from the JavaScript the image compiled (npm run build): dict "app" "conductor". */}}
{{- define "tsukimi.command" -}}
- node
- dist/apps/{{ .app }}/src/main.js
{{- end }}

{{/*
Readiness on /readyz and liveness on /healthz, on the named HTTP port. Instances load their model
before they listen, so a startup probe holds liveness off until the first answer.
*/}}
{{- define "tsukimi.probes" -}}
{{- with .startup }}
startupProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: {{ .periodSeconds }}
  failureThreshold: {{ .failureThreshold }}
{{- end }}
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  periodSeconds: {{ .readiness.periodSeconds }}
  failureThreshold: {{ .readiness.failureThreshold }}
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: {{ .liveness.periodSeconds }}
  failureThreshold: {{ .liveness.failureThreshold }}
{{- end }}

{{/* Node selection of one component's pods: its nodeSelector, tolerations and affinity. */}}
{{- define "tsukimi.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* An env var holding a field of the pod itself. */}}
{{- define "tsukimi.fieldEnv" -}}
- name: {{ .name }}
  valueFrom:
    fieldRef:
      fieldPath: {{ .field }}
{{- end }}
