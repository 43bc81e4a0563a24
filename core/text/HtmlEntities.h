#pragma once
// HTML entity decoding for tweet text. Sentiment140 and the Twitter API escape '&', '<', '>'
// and quotes; a handful of named entities plus numeric ones cover what actually occurs.
#include <string>
#include <string_view>

namespace tweetlab::text {

// Decodes &amp; &quot; &lt; &gt; &apos; &nbsp; (case-sensitive, as HTML is) and numeric
// entities (&#39; &#x27;). Anything else, including a malformed entity, is left as written.
// Numeric entities that name no valid code point (0, surrogates, > U+10FFFF) are left too.
std::string decodeHtmlEntities(std::string_view text);

}  // namespace tweetlab::text
