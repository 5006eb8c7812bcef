// Embedded rather than drawn from a faker library: the server's first-start demo runs this code
// in production, where dev dependencies are absent.

export const FIRST_NAMES = list(`
  Aaliyah, Aarav, Abigail, Adrian, Aisha, Alejandro, Amara, Amelia, Andre, Anika, Ava, Benjamin, Bianca, Caleb,
  Camila, Carlos, Charlotte, Chloe, Daniel, Deshawn, Diego, Elena, Eli, Elijah, Emily, Emma, Ethan, Evelyn,
  Fatima, Gabriel, Grace, Hana, Harper, Hiroshi, Hudson, Imani, Isaac, Isabella, Jack, Jamal, James, Jasmine,
  Javier, Jayden, Jia, Jordan, Julian, Kai, Keisha, Leah, Leilani, Leo, Liam, Lily, Lucas, Luis, Maya, Mason,
  Mateo, Mei, Mia, Miguel, Mila, Mohammed, Naomi, Nathan, Nia, Noah, Nora, Olivia, Omar, Oscar, Priya, Quinn,
  Rafael, Riley, Rohan, Ruby, Samuel, Sara, Sebastian, Sofia, Tariq, Theo, Valentina, Victor, Violet, William,
  Xavier, Yara, Yusuf, Zara, Zoe
`);

export const LAST_NAMES = list(`
  Abbott, Adeyemi, Alvarez, Anderson, Bailey, Banerjee, Bennett, Brooks, Castillo, Chen, Clarke, Cohen, Cruz,
  Davis, Diaz, Dubois, Edwards, Evans, Fischer, Flores, Foster, Garcia, Gonzalez, Gupta, Hall, Harris,
  Hernandez, Hughes, Ibrahim, Ito, Jackson, Jensen, Johnson, Kaur, Kim, Kowalski, Lee, Lewis, Lopez, Martin,
  Martinez, Mendoza, Miller, Mitchell, Moore, Morales, Murphy, Nakamura, Nguyen, Novak, O'Brien, Okafor, Olsen,
  Ortiz, Patel, Perez, Petrov, Phillips, Ramirez, Reed, Reyes, Rivera, Roberts, Robinson, Rodriguez, Rossi,
  Sanchez, Santos, Schmidt, Scott, Shah, Singh, Smith, Sullivan, Tanaka, Taylor, Thomas, Thompson, Torres,
  Tran, Turner, Walker, Wang, Washington, Watson, White, Williams, Wilson, Wright, Yamamoto, Young, Zhang
`);

/** Namesakes of schools: the district is named after one of these too. */
export const PLACE_NAMES = list(`
  Aspen Ridge, Bayview, Birchwood, Brookside, Cedar Hollow, Clearwater, Copper Canyon, Crestview, Eagle Point,
  Elm Grove, Fairhaven, Fox Run, Glenwood, Granite Falls, Harbor Lights, Hawthorne, Heron Lake, Highland Park,
  Indian Creek, Juniper Hills, Lakeside, Laurel Springs, Maple Crest, Meadowbrook, Mill Creek, North Star,
  Oak Meadow, Orchard Hill, Pine Valley, Prairie Wind, Quail Run, Red Rock, Riverbend, Rolling Hills,
  Sage Creek, Silver Lake, Spring Valley, Stone Bridge, Summit, Sunnyside, Sycamore, Timberline, Twin Oaks,
  Valley View, Westbrook, Whispering Pines, Willow Bend
`);

export const CITIES = list(`
  Ashford, Brookfield, Centerville, Dayton, Fairview, Franklin, Georgetown, Greenville, Madison, Springfield
`);

export const STATES = list(`
  AZ, CA, CO, FL, GA, IL, MA, MI, MN, NC, NY, OH, OR, PA, TX, VA, WA
`);

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
