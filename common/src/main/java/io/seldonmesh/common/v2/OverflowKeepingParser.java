package io.seldonmesh.common.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;

/**
 * A parser that hands a number literal too large for a double (such as {@code 1e309}) to the tree as a
 * {@code BigDecimal}. Jackson would read it as Infinity, and it would then look exactly like a bare
 * {@code Infinity} literal: kept exact, it can be refused as out of range with its own value in the message.
 * Only such literals take the slower decimal path; every other number is read as a double, as before.
 */
final class OverflowKeepingParser extends JsonParserDelegate {

    OverflowKeepingParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public NumberTypeFP getNumberTypeFP() throws IOException {
        return overflowingLiteral() ? NumberTypeFP.BIG_DECIMAL : super.getNumberTypeFP();
    }

    @Override
    public NumberType getNumberType() throws IOException {
        return overflowingLiteral() ? NumberType.BIG_DECIMAL : super.getNumberType();
    }

    private boolean overflowingLiteral() throws IOException {
        // NaN, Infinity and -Infinity (the non-numeric tokens JsonNodes allows) are the only float tokens
        // without a digit
        return currentToken() == JsonToken.VALUE_NUMBER_FLOAT && Double.isInfinite(getDoubleValue())
                && getText().chars().anyMatch(Character::isDigit);
    }
}
