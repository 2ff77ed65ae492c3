package io.seldonmesh.pipelinegateway.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key and certificate, replaceable while it runs: each new TLS handshake takes the current ones, an open
 * connection keeps what it was set up with. An alias carries its generation, so a handshake that chose an alias just
 * before a replacement still gets the key and certificate of that alias.
 */
final class ReplaceableKeyManager extends X509ExtendedKeyManager {

    private record Generation(int number, X509ExtendedKeyManager keys) {
    }

    private volatile Generation current;
    private volatile Generation previous;

    ReplaceableKeyManager(X509ExtendedKeyManager keys) {
        this.current = new Generation(0, keys);
        this.previous = current;
    }

    synchronized void replace(X509ExtendedKeyManager keys) {
        previous = current;
        current = new Generation(current.number() + 1, keys);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation generation = current;
        return tagged(generation, generation.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation generation = current;
        return tagged(generation, generation.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.keys().getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return resolve(alias, X509ExtendedKeyManager::getCertificateChain);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return resolve(alias, X509ExtendedKeyManager::getPrivateKey);
    }

    /** A server never authenticates as a client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private static String tagged(Generation generation, String alias) {
        return alias == null ? null : generation.number() + "/" + alias;
    }

    private <T> T resolve(String alias, BiFunction<X509ExtendedKeyManager, String, T> lookup) {
        int slash = alias == null ? -1 : alias.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String number = alias.substring(0, slash);
        Generation now = current;
        Generation before = previous;
        Generation generation = number.equals(Integer.toString(now.number())) ? now
                : number.equals(Integer.toString(before.number())) ? before : null;
        return generation == null ? null : lookup.apply(generation.keys(), alias.substring(slash + 1));
    }
}
