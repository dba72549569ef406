{{/* Labels of a top-level object: the component's, plus Helm's own. Pod and selector labels stay the component's
only, so an install made with `kubectl apply -f manifests/` can be upgraded with this chart. */}}
{{- define "ballast.labels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: ballast
{{- with index . 1 }}
app.kubernetes.io/component: {{ . }}
{{- end }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
{{- end }}

{{- define "ballast.selector" -}}
app.kubernetes.io/name: ballast
app.kubernetes.io/component: {{ . }}
{{- end }}

{{- define "ballast.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The pod's security settings and probes, the same for both roles (they pass Ballast's own baseline). */}}
{{- define "ballast.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  seccompProfile: {type: RuntimeDefault}
{{- end }}

{{- define "ballast.probes" -}}
readinessProbe:
  httpGet: {path: /readyz, port: http}
  timeoutSeconds: 3
  periodSeconds: 10
  failureThreshold: 5
livenessProbe:
  httpGet: {path: /healthz, port: http}
  timeoutSeconds: 3
  periodSeconds: 20
  failureThreshold: 6
startupProbe:
  httpGet: {path: /healthz, port: http}
  timeoutSeconds: 3
  periodSeconds: 5
  failureThreshold: 24
{{- end }}

{{- define "ballast.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: {drop: [ALL]}
volumeMounts:
  - {name: tmp, mountPath: /tmp}
{{- end }}

{{/* nodeSelector, tolerations and pull secrets of one role's pods, each only when set. */}}
{{- define "ballast.scheduling" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $role.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $role.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
