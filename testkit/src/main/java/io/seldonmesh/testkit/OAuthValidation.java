package io.seldonmesh.testkit;

import java.util.List;

/** How the broker checks OAUTHBEARER tokens: signatures from the JWKS, plus expected issuer and audience. */
record OAuthValidation(String jwksUrl, String issuerUrl, String audience, List<String> allowedUrls) {
}
