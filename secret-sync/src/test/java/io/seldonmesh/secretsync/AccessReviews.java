package io.seldonmesh.secretsync;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Set;

/**
 * The Fabric8 mock API server answering SelfSubjectAccessReviews as a cluster would whose RBAC grants everything but
 * the given {@code "<verb> <resource>"} pairs (in CRUD mode it would store the review and answer it unevaluated).
 */
public final class AccessReviews {

    private static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private AccessReviews() {
    }

    public static void grantAllBut(KubernetesMockServer server, String... denied) {
        Set<String> refused = Set.of(denied);
        server.expect().post().withPath(PATH).andReply(201, request -> {
            SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
            ResourceAttributes asked = review.getSpec().getResourceAttributes();
            boolean allowed = !refused.contains(asked.getVerb() + " " + asked.getResource());
            review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
            return review;
        }).always();
    }
}
