package dev.ballast.fix;

/** Replace the chars {@code [start, end)} of a text with {@code replacement}; {@code start == end} inserts. */
record TextEdit(int start, int end, String replacement, int order) {
}
