#!/usr/bin/env python3
"""Writes N varied Deployments (a third with HPAs) into 100 multi-document files for `make bench`."""
import os
import sys

out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
per_file = max(1, count // 100)
for f in range(0, count, per_file):
    docs = []
    for i in range(f, min(count, f + per_file)):
        ns = f"team-{i % 100}"
        timeout = 2 if i % 4 else 30
        memory = "512Mi" if i % 3 else "1Gi"
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: {ns}
  labels: {{app: app-{i}, tier: web}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      securityContext: {{runAsNonRoot: true, seccompProfile: {{type: RuntimeDefault}}}}
      containers:
        - name: app
          image: registry.example/app:{i}
          ports: [{{containerPort: 8080}}]
          readinessProbe: {{httpGet: {{path: /readyz, port: 8080}}, timeoutSeconds: {timeout}, failureThreshold: 5}}
          livenessProbe: {{httpGet: {{path: /healthz, port: 8080}}}}
          resources:
            requests: {{cpu: 100m, memory: 512Mi}}
            limits: {{memory: {memory}}}
          securityContext: {{allowPrivilegeEscalation: false, capabilities: {{drop: [ALL]}}}}
        - name: proxy
          image: registry.example/proxy:1
          readinessProbe: {{tcpSocket: {{port: 15021}}}}
          resources: {{limits: {{memory: 128Mi}}}}
      volumes:
        - {{name: config, configMap: {{name: app-{i}}}}}
""")
        if i % 3 == 0:
            docs.append(f"""apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: app-{i}, namespace: {ns}}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: app-{i}}}
  maxReplicas: 10
  metrics: [{{type: Resource, resource: {{name: cpu, target: {{type: Utilization, averageUtilization: {60 if i % 2 else 80}}}}}}}]
""")
    with open(os.path.join(out, f"workloads-{f // per_file:03d}.yaml"), "w") as fh:
        fh.write("---\n".join(docs))
