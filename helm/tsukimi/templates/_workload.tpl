{{/*
The one shape of the conductor, prefill and decode: a Deployment and its PodDisruptionBudget.
dict:
  root            the chart's top-level context ($)
  component       conductor | prefill | decode (label and object name)
  spec            that component's values (replicas, resources, probes, scheduling, ...)
  args            the service's flags, a list
  env             extra env entries, a list
  ports           list of {name, port}; "http" is the probes' port
  serviceAccountName
  automountToken  whether the pod gets an API token (only the conductor reads the API)
  volumes, volumeMounts, initContainers   lists, may be empty
  extraLimits     resources added to the container's limits (GPUs), a map
*/}}
{{- define "tsukimi.instanceDeployment" -}}
{{- $root := .root -}}
{{- $spec := .spec -}}
{{- $name := printf "%s-%s" (include "tsukimi.fullname" $root) .component -}}
{{- $resources := deepCopy (default dict $spec.resources) -}}
{{- if .extraLimits }}
{{- $_ := set $resources "limits" (merge (default dict $resources.limits) .extraLimits) }}
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "tsukimi.componentLabels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  replicas: {{ $spec.replicas }}
  selector:
    matchLabels:
      {{- include "tsukimi.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "tsukimi.componentLabels" (dict "root" $root "component" .component) | nindent 8 }}
      {{- with $spec.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ .serviceAccountName }}
      automountServiceAccountToken: {{ .automountToken }}
      terminationGracePeriodSeconds: {{ include "tsukimi.terminationGracePeriodSeconds" (add $spec.shutdownTimeoutMs (default 0 $spec.drainHandoverMs)) }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with include "tsukimi.scheduling" $spec | trim }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with .initContainers }}
      initContainers:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "tsukimi.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command:
            {{- include "tsukimi.command" (dict "app" .component) | nindent 12 }}
          args:
            {{- toYaml (concat .args (default list $spec.extraArgs)) | nindent 12 }}
            {{- include "tsukimi.serviceAuth.args" $root | nindent 12 }}
            {{- include "tsukimi.tracing.args" $root | nindent 12 }}
          {{- with (concat (default list .env) (default list $spec.extraEnv)) }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
          {{- include "tsukimi.probes" $spec.probes | nindent 10 }}
          {{- with $resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "tsukimi.serviceAuth.volumeMounts" $root | nindent 12 }}
            {{- with .volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- include "tsukimi.serviceAuth.volumes" $root | nindent 8 }}
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- if $spec.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "tsukimi.componentLabels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  maxUnavailable: {{ $spec.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "tsukimi.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
{{- end }}
{{- end }}

{{/* A Service in front of one component: dict root, component, ports (list of {name, port}), headless. */}}
{{- define "tsukimi.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ printf "%s-%s" (include "tsukimi.fullname" .root) .component }}
  labels:
    {{- include "tsukimi.componentLabels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  {{- if .headless }}
  clusterIP: None
  {{- else }}
  type: {{ default "ClusterIP" .type }}
  {{- end }}
  selector:
    {{- include "tsukimi.selectorLabels" (dict "root" .root "component" .component) | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
    {{- end }}
{{- end }}
