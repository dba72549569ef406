package dev.ballast.operator;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * /healthz and /readyz: the same checks as /q/health/live and /q/health/ready, on the paths Ballast's own baseline
 * policy allows for probes, so the operator's Deployment passes the policy it enforces.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeAliasResource {
    private final SmallRyeHealthReporter reporter;

    public ProbeAliasResource(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    @GET
    @Path("healthz")
    @Blocking
    public Response live() {
        return respond(reporter.getLiveness());
    }

    @GET
    @Path("readyz")
    @Blocking
    public Response ready() {
        return respond(reporter.getReadiness());
    }

    private static Response respond(SmallRyeHealth health) {
        return Response.status(health.isDown() ? 503 : 200).entity(health.getPayload().toString()).build();
    }
}
