package io.seldonmesh.cli;

/** Long text cut to a length a terminal line can hold, saying how much was left out. */
final class Shortened {

    private Shortened() {
    }

    static String text(String text, int max) {
        String oneLine = text.strip().replaceAll("\\s*\\n\\s*", " ");
        if (oneLine.length() <= max) {
            return oneLine;
        }
        return oneLine.substring(0, max) + "... (" + (oneLine.length() - max) + " more characters)";
    }
}
