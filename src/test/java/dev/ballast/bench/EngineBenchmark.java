package dev.ballast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.api.StabilityPolicy;
import dev.ballast.kube.ContextMapper;
import dev.ballast.kube.PolicyMapper;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.Rules;
import dev.ballast.rules.engine.ClusterContext;
import dev.ballast.rules.engine.Evaluator;
import dev.ballast.rules.model.HpaView;
import dev.ballast.rules.model.NamespaceView;
import dev.ballast.rules.model.PeerAuthenticationView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import dev.ballast.rules.policy.Policy;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workload evaluations per second on one thread with the full baseline policy (all five groups), over the
 * example workloads (compliant and not, with HPAs and PeerAuthentications as context).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark {
    private Evaluator evaluator;
    private Policy policy;
    private ClusterContext context;
    private Workload[] workloads;
    private int next;

    @Setup
    public void setUp() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        StabilityPolicy baseline = yaml.readValue(new File("examples/policies/baseline.yaml"), StabilityPolicy.class);
        policy = PolicyMapper.map(baseline, Set.of());
        List<Workload> list = new ArrayList<>();
        List<NamespaceView> namespaces = new ArrayList<>();
        List<HpaView> hpas = new ArrayList<>();
        List<PeerAuthenticationView> pas = new ArrayList<>();
        for (String file : new String[] {"examples/workloads/compliant.yaml", "examples/workloads/non-compliant.yaml"}) {
            for (JsonNode doc : yaml.readValues(yaml.getFactory().createParser(new File(file)), JsonNode.class).readAll()) {
                switch (doc.path("kind").asText()) {
                    case "Deployment", "StatefulSet", "DaemonSet" -> list.add(WorkloadMapper.map(doc, SourceRef.NONE));
                    case "Namespace" -> namespaces.add(ContextMapper.namespace(doc));
                    case "HorizontalPodAutoscaler" -> hpas.add(ContextMapper.hpa(doc, SourceRef.NONE));
                    case "PeerAuthentication" -> pas.add(ContextMapper.peerAuthentication(doc, SourceRef.NONE));
                    default -> { }
                }
            }
        }
        workloads = list.toArray(Workload[]::new);
        context = ClusterContext.of(namespaces, pas, hpas);
        evaluator = Rules.evaluator();
    }

    @Benchmark
    public void evaluateWorkload(Blackhole bh) {
        Workload w = workloads[next++ % workloads.length];
        bh.consume(evaluator.evaluate(policy, w, context));
    }
}
