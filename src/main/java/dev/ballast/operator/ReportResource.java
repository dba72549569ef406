package dev.ballast.operator;

import dev.ballast.report.cluster.ClusterReport;
import dev.ballast.report.cluster.ClusterReportBuilder;
import dev.ballast.report.cluster.HtmlReportRenderer;
import dev.ballast.report.cluster.JsonReportRenderer;
import dev.ballast.report.cluster.MarkdownReportRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.function.Function;

/**
 * {@code /report}, {@code /report.json}, {@code /report.md}: the cluster report from the latest reconcile of every
 * policy (see {@link LatestResults}). A standby replica has no results; it answers 503 naming the leader.
 */
@Path("/")
public class ReportResource {
    private final LatestResults results;
    private final Leadership leadership;
    private final KubernetesClient client;
    private volatile ClusterReport.Cluster cluster;

    public ReportResource(LatestResults results, Leadership leadership, KubernetesClient client) {
        this.results = results;
        this.leadership = leadership;
        this.client = client;
    }

    @GET
    @Path("report")
    @Blocking
    public Response html() {
        return render(HtmlReportRenderer::render, "text/html; charset=utf-8");
    }

    @GET
    @Path("report.json")
    @Blocking
    public Response json() {
        return render(JsonReportRenderer::render, "application/json");
    }

    @GET
    @Path("report.md")
    @Blocking
    public Response markdown() {
        return render(MarkdownReportRenderer::render, "text/markdown; charset=utf-8");
    }

    private Response render(Function<ClusterReport, String> renderer, String type) {
        if (!leadership.leading()) {
            String leader = leadership.leader();
            return Response.status(503).type("text/plain").header("Retry-After", "10")
                    .entity("This Ballast replica is on standby; the leader" + (leader == null ? "" : " (" + leader + ")")
                            + " evaluates policies and serves the report. Reach it with: kubectl -n ballast-system port-forward pod/"
                            + (leader == null ? "<leader pod>" : leader) + " 8080\n").build();
        }
        ClusterReport report = ClusterReportBuilder.build(cluster(), Instant.now(), results.all());
        return Response.ok(renderer.apply(report)).type(type).header("Cache-Control", "no-store").build();
    }

    /** The API server's URL and version, read once it answers. */
    private ClusterReport.Cluster cluster() {
        ClusterReport.Cluster known = cluster;
        if (known == null || "unknown".equals(known.version())) {
            known = ClusterReport.Cluster.of(client);
            cluster = known;
        }
        return known;
    }
}
