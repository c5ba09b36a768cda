// `investigate --check`'s rule on documents built here (no measurement runs): the V8 section is
// compared only under the same engine, its Chromium (pointer-width) part only under the same
// Chromium, and everything outside them always. The Qt section's rule is exercised end to end by
// investigation_sections_test.sh.
#include <gtest/gtest.h>

#include <string>

#include "harness/investigation.h"

namespace sigheap {
namespace {

std::string chromium_part(const std::string& version, const std::string& figure) {
  return std::string(kChromiumBegin) + version + " -->\n### How much of it is pointer width\n\n| `js:a` | signal | 88 B | " +
         figure + " |\n\n" + std::string(kChromiumEnd) + "\n";
}

// A document shaped like reports/investigation.md: models, then the V8 section with its Chromium
// part inside.
std::string document(const std::string& model_figure, const std::string& engine, const std::string& node_figure,
                     const std::string& chromium) {
  return "# The memory investigation, measured\n\n| `preact-like` | " + model_figure + " |\n\n" +
         std::string(kEngineBegin) + engine + " -->\n## 5. The real libraries\n\n| `js:a` | " + node_figure +
         " |\n" + chromium + "\n### `computed-diamond-simple` in V8\n\n" + std::string(kEngineEnd) + "\n";
}

const std::string kNode = "node 20.20.2, V8 11.3, pointer compression off";

TEST(InvestigationCheck, UnderTheSameChromiumItsFiguresAreCompared) {
  const std::string doc = document("64 B", kNode, "88 B", chromium_part("156.0.1", "44 B"));
  const InvestigationComparison same = compare_investigations(doc, doc);
  EXPECT_TRUE(same.fresh);
  EXPECT_TRUE(same.not_compared.empty());
  const InvestigationComparison changed =
      compare_investigations(doc, document("64 B", kNode, "88 B", chromium_part("156.0.1", "48 B")));
  EXPECT_FALSE(changed.fresh);
  EXPECT_TRUE(changed.not_compared.empty());
}

TEST(InvestigationCheck, AnotherChromiumLeavesOnlyItsPartOut) {
  const std::string committed = document("64 B", kNode, "88 B", chromium_part("156.0.1", "44 B"));
  const InvestigationComparison other =
      compare_investigations(committed, document("64 B", kNode, "88 B", chromium_part("157.0.2", "48 B")));
  EXPECT_TRUE(other.fresh);
  ASSERT_EQ(other.not_compared.size(), 1U);
  EXPECT_NE(other.not_compared[0].find("Chromium part"), std::string::npos) << other.not_compared[0];
  EXPECT_NE(other.not_compared[0].find("document: 156.0.1; here: 157.0.2"), std::string::npos)
      << other.not_compared[0];

  // The rest of the V8 section (same node) is still compared, and so are the models.
  EXPECT_FALSE(
      compare_investigations(committed, document("64 B", kNode, "96 B", chromium_part("157.0.2", "48 B"))).fresh);
  EXPECT_FALSE(
      compare_investigations(committed, document("72 B", kNode, "88 B", chromium_part("157.0.2", "48 B"))).fresh);
}

TEST(InvestigationCheck, NoChromiumHereLeavesOnlyItsPartOut) {
  const std::string committed = document("64 B", kNode, "88 B", chromium_part("156.0.1", "44 B"));
  const std::string without = chromium_part("none", "not measured");
  const InvestigationComparison c = compare_investigations(committed, document("64 B", kNode, "88 B", without));
  EXPECT_TRUE(c.fresh);
  ASSERT_EQ(c.not_compared.size(), 1U);
  EXPECT_NE(c.not_compared[0].find("here: none"), std::string::npos) << c.not_compared[0];
  EXPECT_FALSE(compare_investigations(committed, document("64 B", kNode, "80 B", without)).fresh);
}

TEST(InvestigationCheck, AnotherEngineLeavesTheWholeV8SectionOutChromiumIncluded) {
  const std::string committed = document("64 B", kNode, "88 B", chromium_part("156.0.1", "44 B"));
  const std::string other_node = "node 22.0.0, V8 12.4, pointer compression off";
  EXPECT_TRUE(
      compare_investigations(committed, document("64 B", other_node, "90 B", chromium_part("156.0.1", "46 B"))).fresh);
  EXPECT_FALSE(
      compare_investigations(committed, document("72 B", other_node, "90 B", chromium_part("156.0.1", "46 B"))).fresh);
  // No V8 section at all here (--no-js, or no node): the models are still compared.
  const std::string models_only = "# The memory investigation, measured\n\n| `preact-like` | 64 B |\n\n";
  EXPECT_TRUE(compare_investigations(committed, models_only).fresh);
  EXPECT_FALSE(compare_investigations(committed, "# The memory investigation, measured\n\n| `preact-like` | 1 |\n\n").fresh);
}

}  // namespace
}  // namespace sigheap
