package io.seldonmesh.runtime;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.Config;

/**
 * {@code GET /q/doctor}: the same checks as {@code java -jar quarkus-run.jar doctor}, from inside the running
 * service, with its configuration: 200 when nothing failed, 503 otherwise, the findings as text either way.
 */
@Path("/q/doctor")
public class DoctorResource {

    @Inject
    ServiceProfile profile;

    @Inject
    Config config;

    @GET
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response examine() {
        ServiceDoctor.Report report = ServiceDoctor.examine(profile, config);
        return Response.status(report.exitStatus() == 0 ? 200 : 503).entity(report.text()).build();
    }
}
