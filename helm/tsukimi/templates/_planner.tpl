{{/*
The planner's leader election as the conductor will run it: planner.leader, with auto resolved as
the conductor resolves it in a Pod (a Kubernetes Lease in scale mode, where the conductor already
talks to the API server); "auto" is left for the conductor to settle between redis and none.
*/}}
{{- define "tsukimi.plannerLeader" -}}
{{- $planner := .Values.planner -}}
{{- if ne $planner.leader "auto" -}}
{{- $planner.leader -}}
{{- else if eq $planner.mode "scale" -}}
kubernetes
{{- else -}}
auto
{{- end -}}
{{- end }}

{{/* The Lease the conductors elect the planner's leader on. */}}
{{- define "tsukimi.plannerLeaseName" -}}
{{- printf "%s-planner-leader" (include "tsukimi.fullname" .) -}}
{{- end }}
