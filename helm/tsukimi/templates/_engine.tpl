{{/* The model's volume: a claim, a host path, or an emptyDir the download fills. */}}
{{- define "tsukimi.modelVolumes" -}}
{{- if eq .Values.model.source "url" }}
- name: model
  emptyDir:
    sizeLimit: {{ .Values.model.download.sizeLimit }}
{{- else if eq .Values.model.source "hostPath" }}
- name: model
  hostPath:
    {{- toYaml .Values.model.hostPath | nindent 4 }}
{{- else }}
- name: model
  persistentVolumeClaim:
    claimName: {{ .Values.model.pvc.claimName }}
    readOnly: true
{{- end }}
{{- end }}

{{- define "tsukimi.modelMounts" -}}
- name: model
  mountPath: {{ .Values.model.mountPath }}
  readOnly: true
{{- end }}

{{/*
With model.source url: an init container fetches the file with the image's own Node (no second
image to pull), into a temporary name first so a half-written file is never loaded.
*/}}
{{- define "tsukimi.modelInitContainers" -}}
{{- if eq .Values.model.source "url" }}
- name: model-download
  image: {{ include "tsukimi.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command:
    - node
    - -e
    - |
      const fs = require('node:fs');
      const { Readable } = require('node:stream');
      const { pipeline } = require('node:stream/promises');
      const [url, file] = process.argv.slice(1);
      (async () => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
        await pipeline(Readable.fromWeb(response.body), fs.createWriteStream(`${file}.part`));
        fs.renameSync(`${file}.part`, file);
      })().catch((error) => { console.error(error.message); process.exit(1); });
    - {{ .Values.model.url | quote }}
    - {{ printf "%s/%s" .Values.model.mountPath .Values.model.file | quote }}
  {{- with .Values.model.download.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  volumeMounts:
    - name: model
      mountPath: {{ .Values.model.mountPath }}
{{- end }}
{{- end }}

{{/* Engine flags shared by prefill and decode. */}}
{{- define "tsukimi.engineArgs" -}}
{{- $args := list (printf "--engine=%s" .Values.engine) (printf "--model-path=%s/%s" .Values.model.mountPath .Values.model.file) (printf "--block-size-tokens=%d" (int .Values.blockSizeTokens)) }}
{{- if eq .Values.engine "llamacpp" }}
{{- with .Values.llamacpp }}
{{- $args = concat $args (list
  (printf "--threads=%d" (int .threads))
  (printf "--context-tokens=%d" (int .contextTokens))
  (printf "--batch-tokens=%d" (int .batchTokens))
  (printf "--sequences=%d" (int .sequences))
  (printf "--kv-dtype=%s" .kvDtype)
  (ternary "--flash-attention" "--no-flash-attention" .flashAttention)
  (printf "--gpu=%s" .gpu)
) }}
{{- if .lora }}
{{- $args = append $args (printf "--lora=%s" (join "," .lora)) }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .Values.engine "simulated" }}
{{- with .Values.simulated }}
{{- $args = concat $args (list
  (printf "--simulated-model=%s" .model)
  (printf "--simulated-hardware=%s" .hardware)
  (printf "--simulated-time-scale=%v" .timeScale)
) }}
{{- end }}
{{- end }}
{{- toYaml $args }}
{{- end }}

{{/* GPU limits of a prefill or decode container: only for llama.cpp with offload on. */}}
{{- define "tsukimi.gpuLimits" -}}
{{- if and (eq .Values.engine "llamacpp") (ne .Values.llamacpp.gpu "off") }}
{{ .Values.llamacpp.gpuResource.name }}: {{ .Values.llamacpp.gpuResource.count }}
{{- end }}
{{- end }}
