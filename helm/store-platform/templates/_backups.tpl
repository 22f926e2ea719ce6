{{/*
Backups to S3-compatible storage (docs/backups.md). The credentials come from
an existing Secret (backups.existingSecret with keys access-key-id and
secret-access-key); the chart never holds them, and only the worker reads
them: backup Jobs get presigned URLs.
*/}}
{{- define "sp.backupEnv" -}}
{{- $b := .Values.backups }}
{{- if $b.enabled }}
{{- if not (and $b.endpoint $b.bucket $b.existingSecret) }}
{{- fail "backups.enabled needs backups.endpoint, backups.bucket and backups.existingSecret" }}
{{- end }}
- name: S3_ENDPOINT
  value: {{ $b.endpoint | quote }}
- name: S3_REGION
  value: {{ $b.region | quote }}
- name: S3_BUCKET
  value: {{ $b.bucket | quote }}
- name: S3_FORCE_PATH_STYLE
  value: {{ $b.forcePathStyle | quote }}
- name: S3_ACCESS_KEY_ID
  valueFrom: { secretKeyRef: { name: {{ $b.existingSecret | quote }}, key: access-key-id } }
- name: S3_SECRET_ACCESS_KEY
  valueFrom: { secretKeyRef: { name: {{ $b.existingSecret | quote }}, key: secret-access-key } }
- name: BACKUP_TRANSFER_IMAGE
  value: {{ $b.transferImage | quote }}
- name: BACKUP_EGRESS_CIDRS
  value: {{ join "," $b.endpointCidrs | quote }}
- name: BACKUP_SCHEDULE_SECONDS
  value: {{ $b.scheduleCheckSeconds | quote }}
- name: BACKUP_URL_EXPIRY_SECONDS
  value: {{ $b.urlExpirySeconds | quote }}
{{- end }}
{{- end }}

{{/* The worker's egress to the storage endpoint (it verifies manifests and deletes objects). */}}
{{- define "sp.backupEgress" -}}
{{- $b := .Values.backups }}
{{- if $b.enabled }}
{{- $url := urlParse $b.endpoint }}
{{- $port := ternary 443 80 (eq $url.scheme "https") }}
{{- with (splitList ":" $url.host) }}{{ if gt (len .) 1 }}{{ $port = (last . | int) }}{{ end }}{{ end }}
- ports:
    - { port: {{ $port }}, protocol: TCP }
  {{- with $b.endpointCidrs }}
  to:
    {{- range . }}
    - ipBlock: { cidr: {{ . }} }
    {{- end }}
  {{- end }}
{{- end }}
{{- end }}
